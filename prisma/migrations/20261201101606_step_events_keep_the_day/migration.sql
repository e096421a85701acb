-- Anonymous step events keep only their day: an exact timestamp joins back to the resident's own events and
-- messages. Existing rows are truncated to their local day in Asia/Ho_Chi_Minh (the default TZ_NAME, the stored
-- timestamps are UTC), as the worker now writes them.
-- AlterTable
ALTER TABLE "ChecklistStepEvent" ALTER COLUMN "at" SET DATA TYPE DATE
  USING (("at" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
