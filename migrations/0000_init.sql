CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`handle` text NOT NULL,
	`kind` text DEFAULT 'user' NOT NULL,
	`created_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_handle_unique` ON `accounts` (`handle`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_account` ON `api_tokens` (`account_id`);--> statement-breakpoint
CREATE TABLE `job_results` (
	`run_id` text NOT NULL,
	`job_index` integer NOT NULL,
	`batch` integer NOT NULL,
	`result` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `job_index`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `matches` (
	`run_id` text NOT NULL,
	`job_index` integer NOT NULL,
	`repetition` integer NOT NULL,
	`a_strategy_id` text NOT NULL,
	`a_version` integer NOT NULL,
	`b_strategy_id` text NOT NULL,
	`b_version` integer NOT NULL,
	`a_moves` text NOT NULL,
	`b_moves` text NOT NULL,
	`a_score` real NOT NULL,
	`b_score` real NOT NULL,
	`faults` text NOT NULL,
	`flips` text NOT NULL,
	`a_opponent_view` text,
	`b_opponent_view` text,
	`seed` integer NOT NULL,
	`infra_error` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `job_index`, `repetition`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `matches_a_strategy` ON `matches` (`a_strategy_id`);--> statement-breakpoint
CREATE INDEX `matches_b_strategy` ON `matches` (`b_strategy_id`);--> statement-breakpoint
CREATE TABLE `run_batches` (
	`run_id` text NOT NULL,
	`batch` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`first_job` integer NOT NULL,
	`job_count` integer NOT NULL,
	`lease_expires_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`finished_at` integer,
	PRIMARY KEY(`run_id`, `batch`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`tournament_id` text NOT NULL,
	`requested_by` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`jobs_done` integer DEFAULT 0 NOT NULL,
	`jobs_total` integer NOT NULL,
	`commitment` text NOT NULL,
	`seed` integer NOT NULL,
	`salt` text NOT NULL,
	`entrants` text NOT NULL,
	`rules` text NOT NULL,
	`jobs` text NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`error` text,
	FOREIGN KEY (`tournament_id`) REFERENCES `tournaments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `runs_tournament` ON `runs` (`tournament_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`);--> statement-breakpoint
CREATE TABLE `standings` (
	`run_id` text NOT NULL,
	`rank` integer NOT NULL,
	`strategy_id` text NOT NULL,
	`standing` text NOT NULL,
	PRIMARY KEY(`run_id`, `strategy_id`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standings_run_rank` ON `standings` (`run_id`,`rank`);--> statement-breakpoint
CREATE INDEX `standings_strategy` ON `standings` (`strategy_id`);--> statement-breakpoint
CREATE TABLE `strategies` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`is_public` integer DEFAULT false NOT NULL,
	`retired_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `strategies_owner` ON `strategies` (`owner_id`);--> statement-breakpoint
CREATE TABLE `strategy_versions` (
	`strategy_id` text NOT NULL,
	`version` integer NOT NULL,
	`source` text NOT NULL,
	`source_hash` text NOT NULL,
	`validation` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`strategy_id`, `version`),
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tournament_entries` (
	`tournament_id` text NOT NULL,
	`strategy_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tournament_id`, `strategy_id`),
	FOREIGN KEY (`tournament_id`) REFERENCES `tournaments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tournament_entries_strategy` ON `tournament_entries` (`strategy_id`);--> statement-breakpoint
CREATE TABLE `tournament_invitations` (
	`tournament_id` text NOT NULL,
	`account_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tournament_id`, `account_id`),
	FOREIGN KEY (`tournament_id`) REFERENCES `tournaments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tournament_invitations_account` ON `tournament_invitations` (`account_id`);--> statement-breakpoint
CREATE TABLE `tournaments` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` text NOT NULL,
	`name` text NOT NULL,
	`game` text DEFAULT 'dilemma' NOT NULL,
	`rules` text NOT NULL,
	`classification` text NOT NULL,
	`entry_policy` text DEFAULT 'open' NOT NULL,
	`share_identities` integer DEFAULT false NOT NULL,
	`schedule` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`host_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tournaments_host` ON `tournaments` (`host_id`);