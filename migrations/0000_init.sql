CREATE TABLE `identities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_id` integer NOT NULL,
	`source` text NOT NULL,
	`user_key` text NOT NULL,
	`display` text NOT NULL,
	FOREIGN KEY (`link_id`) REFERENCES `links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_source_user` ON `identities` (`source`,`user_key`);--> statement-breakpoint
CREATE TABLE `links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text,
	`access_token` text NOT NULL,
	`refresh_token` text NOT NULL,
	`access_expires_at` integer NOT NULL,
	`refresh_expires_at` integer,
	`scope` text NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`state_reason` text,
	`hold_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_delivery_at` integer
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`link_id` integer NOT NULL,
	`playback_id` text NOT NULL,
	`action` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`request_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_event_id_unique` ON `outbox` (`event_id`);--> statement-breakpoint
CREATE INDEX `outbox_status_id` ON `outbox` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_playback` ON `outbox` (`playback_id`,`id`);--> statement-breakpoint
CREATE TABLE `playbacks` (
	`id` text PRIMARY KEY NOT NULL,
	`link_id` integer NOT NULL,
	`source` text NOT NULL,
	`player_key` text NOT NULL,
	`item_key` text NOT NULL,
	`device_id` text NOT NULL,
	`media` text NOT NULL,
	`state` text NOT NULL,
	`position_seconds` real DEFAULT 0 NOT NULL,
	`position_at` integer NOT NULL,
	`duration_seconds` real,
	`completed` integer DEFAULT false NOT NULL,
	`started_at` integer NOT NULL,
	`last_event_at` integer NOT NULL,
	`last_progress_at` integer,
	`stopped_at` integer,
	FOREIGN KEY (`link_id`) REFERENCES `links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `playbacks_player_key` ON `playbacks` (`player_key`,`started_at`);--> statement-breakpoint
CREATE INDEX `playbacks_state_last_event` ON `playbacks` (`state`,`last_event_at`);--> statement-breakpoint
CREATE TABLE `seen_users` (
	`source` text NOT NULL,
	`user_key` text NOT NULL,
	`display` text NOT NULL,
	`event_count` integer DEFAULT 0 NOT NULL,
	`dropped_count` integer DEFAULT 0 NOT NULL,
	`last_seen_at` integer NOT NULL,
	PRIMARY KEY(`source`, `user_key`)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_at` integer NOT NULL,
	`source` text NOT NULL,
	`event` text,
	`user` text,
	`outcome` text NOT NULL,
	`reason` text,
	`playback_id` text
);
--> statement-breakpoint
CREATE INDEX `webhook_log_received` ON `webhook_log` (`received_at`);