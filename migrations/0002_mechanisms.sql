ALTER TABLE `matches` ADD `fined` text;--> statement-breakpoint
ALTER TABLE `matches` ADD `announcements` text;