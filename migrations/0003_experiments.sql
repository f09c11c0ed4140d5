CREATE TABLE `experiments` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`plan` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `experiments_owner` ON `experiments` (`owner_id`);--> statement-breakpoint
ALTER TABLE `tournaments` ADD `experiment_id` text REFERENCES experiments(id);--> statement-breakpoint
ALTER TABLE `tournaments` ADD `rule_set` integer;--> statement-breakpoint
CREATE INDEX `tournaments_experiment` ON `tournaments` (`experiment_id`);