CREATE TABLE `show_ids` (
	`source` text NOT NULL,
	`server_id` text NOT NULL,
	`show_key` text NOT NULL,
	`ids` text NOT NULL,
	`year` integer,
	`fetched_at` integer NOT NULL,
	PRIMARY KEY(`source`, `server_id`, `show_key`)
);
