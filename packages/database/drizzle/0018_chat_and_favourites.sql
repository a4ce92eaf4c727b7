CREATE TABLE "ride_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ride_id" uuid NOT NULL,
	"sender_role" "user_role" NOT NULL,
	"sender_id" uuid NOT NULL,
	"text" text,
	"quick_reply" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ride_messages_one_body" CHECK (("ride_messages"."text" IS NULL) <> ("ride_messages"."quick_reply" IS NULL)),
	CONSTRAINT "ride_messages_quick_reply" CHECK ("ride_messages"."quick_reply" IS NULL OR "ride_messages"."quick_reply" IN ('ON_MY_WAY', 'ARRIVED', 'RUNNING_LATE', 'CALL_ME', 'LOADING_DONE', 'THANK_YOU')),
	CONSTRAINT "ride_messages_sender_role" CHECK ("ride_messages"."sender_role" IN ('customer', 'driver'))
);
--> statement-breakpoint
CREATE TABLE "favourite_drivers" (
	"customer_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "favourite_drivers_customer_id_driver_id_pk" PRIMARY KEY("customer_id","driver_id")
);
--> statement-breakpoint
CREATE TABLE "customer_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"label" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "favourites_first" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ride_messages" ADD CONSTRAINT "ride_messages_ride_id_rides_id_fk" FOREIGN KEY ("ride_id") REFERENCES "public"."rides"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favourite_drivers" ADD CONSTRAINT "favourite_drivers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favourite_drivers" ADD CONSTRAINT "favourite_drivers_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_addresses" ADD CONSTRAINT "customer_addresses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ride_messages_ride_idx" ON "ride_messages" USING btree ("ride_id","id");--> statement-breakpoint
CREATE INDEX "favourite_drivers_driver_idx" ON "favourite_drivers" USING btree ("driver_id");--> statement-breakpoint
CREATE INDEX "customer_addresses_customer_idx" ON "customer_addresses" USING btree ("customer_id","created_at");
