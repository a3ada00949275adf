CREATE TABLE `payload_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`received_at` integer NOT NULL,
	`content_type` text,
	`body` text NOT NULL,
	`outcome` text NOT NULL,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `payload_log_source_id` ON `payload_log` (`source`,`id`);