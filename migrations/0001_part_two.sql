CREATE TABLE `head_to_head` (
	`strategy_id` text NOT NULL,
	`opponent_id` text NOT NULL,
	`game` text NOT NULL,
	`matches` integer DEFAULT 0 NOT NULL,
	`turns` integer DEFAULT 0 NOT NULL,
	`my_cooperations` integer DEFAULT 0 NOT NULL,
	`their_cooperations` integer DEFAULT 0 NOT NULL,
	`my_score` real DEFAULT 0 NOT NULL,
	`their_score` real DEFAULT 0 NOT NULL,
	`wins` integer DEFAULT 0 NOT NULL,
	`losses` integer DEFAULT 0 NOT NULL,
	`last_my` text DEFAULT '' NOT NULL,
	`last_their` text DEFAULT '' NOT NULL,
	`last_run_id` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`strategy_id`, `opponent_id`, `game`),
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opponent_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `head_to_head_opponent` ON `head_to_head` (`opponent_id`);--> statement-breakpoint
CREATE TABLE `quota_counters` (
	`account_id` text NOT NULL,
	`quota` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`account_id`, `quota`, `window_start`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rating_history` (
	`strategy_id` text NOT NULL,
	`game` text NOT NULL,
	`seq` integer NOT NULL,
	`run_id` text NOT NULL,
	`rank` integer NOT NULL,
	`mu` real NOT NULL,
	`sigma` real NOT NULL,
	`ordinal` real NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`strategy_id`, `game`, `seq`),
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rating_history_run` ON `rating_history` (`run_id`);--> statement-breakpoint
CREATE TABLE `ratings` (
	`strategy_id` text NOT NULL,
	`game` text NOT NULL,
	`mu` real NOT NULL,
	`sigma` real NOT NULL,
	`ordinal` real NOT NULL,
	`runs` integer NOT NULL,
	`last_run_id` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`strategy_id`, `game`),
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ratings_game_ordinal` ON `ratings` (`game`,`ordinal`);--> statement-breakpoint
CREATE TABLE `reputation` (
	`strategy_id` text NOT NULL,
	`game` text NOT NULL,
	`runs` integer DEFAULT 0 NOT NULL,
	`matches` integer DEFAULT 0 NOT NULL,
	`turns` integer DEFAULT 0 NOT NULL,
	`cooperations` integer DEFAULT 0 NOT NULL,
	`nice_matches` integer DEFAULT 0 NOT NULL,
	`retaliation_opportunities` integer DEFAULT 0 NOT NULL,
	`retaliations` integer DEFAULT 0 NOT NULL,
	`forgiveness_opportunities` integer DEFAULT 0 NOT NULL,
	`forgivenesses` integer DEFAULT 0 NOT NULL,
	`faults` integer DEFAULT 0 NOT NULL,
	`last_run_id` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`strategy_id`, `game`),
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `schedule_slots` (
	`tournament_id` text NOT NULL,
	`slot` integer NOT NULL,
	`outcome` text NOT NULL,
	`run_id` text,
	`reason` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tournament_id`, `slot`),
	FOREIGN KEY (`tournament_id`) REFERENCES `tournaments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `runs` ADD `slot` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `progress_at` integer;--> statement-breakpoint
ALTER TABLE `tournaments` ADD `max_entries_per_account` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `tournaments_schedule` ON `tournaments` (`schedule`);