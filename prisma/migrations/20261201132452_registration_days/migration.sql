-- CreateEnum
CREATE TYPE "RegistrationEventStatus" AS ENUM ('OPEN', 'CANCELLED');

-- CreateEnum
CREATE TYPE "EventRegistrationStatus" AS ENUM ('REGISTERED', 'CANCELLED', 'REMIND_ONLY');

-- AlterEnum
ALTER TYPE "ReminderKind" ADD VALUE 'REGISTRATION_EVENT';

-- AlterTable
ALTER TABLE "AssistanceLog" ADD COLUMN     "eventId" TEXT;

-- CreateTable
CREATE TABLE "RegistrationEvent" (
    "id" TEXT NOT NULL,
    "code" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "bring" TEXT NOT NULL DEFAULT '',
    "place" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "capacity" INTEGER NOT NULL,
    "organisedWith" TEXT NOT NULL DEFAULT '',
    "status" "RegistrationEventStatus" NOT NULL DEFAULT 'OPEN',
    "createdById" TEXT,
    "broadcastId" TEXT,
    "nextNumber" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "RegistrationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrationEventUnit" (
    "eventId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,

    CONSTRAINT "RegistrationEventUnit_pkey" PRIMARY KEY ("eventId","unitId")
);

-- CreateTable
CREATE TABLE "EventRegistration" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "residentId" TEXT NOT NULL,
    "number" INTEGER,
    "status" "EventRegistrationStatus" NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),
    "checkedInAt" TIMESTAMP(3),
    "checkedInById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegistrationEvent_code_key" ON "RegistrationEvent"("code");

-- CreateIndex
CREATE UNIQUE INDEX "RegistrationEvent_broadcastId_key" ON "RegistrationEvent"("broadcastId");

-- CreateIndex
CREATE INDEX "RegistrationEvent_status_startsAt_idx" ON "RegistrationEvent"("status", "startsAt");

-- CreateIndex
CREATE INDEX "RegistrationEventUnit_unitId_idx" ON "RegistrationEventUnit"("unitId");

-- CreateIndex
CREATE INDEX "EventRegistration_eventId_status_idx" ON "EventRegistration"("eventId", "status");

-- CreateIndex
CREATE INDEX "EventRegistration_residentId_idx" ON "EventRegistration"("residentId");

-- CreateIndex
CREATE UNIQUE INDEX "EventRegistration_eventId_residentId_key" ON "EventRegistration"("eventId", "residentId");

-- CreateIndex
CREATE UNIQUE INDEX "EventRegistration_eventId_number_key" ON "EventRegistration"("eventId", "number");

-- CreateIndex
CREATE INDEX "AssistanceLog_eventId_idx" ON "AssistanceLog"("eventId");

-- AddForeignKey
ALTER TABLE "AssistanceLog" ADD CONSTRAINT "AssistanceLog_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "RegistrationEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationEventUnit" ADD CONSTRAINT "RegistrationEventUnit_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "RegistrationEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationEventUnit" ADD CONSTRAINT "RegistrationEventUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "RegistrationEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
