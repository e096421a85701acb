-- CreateEnum
CREATE TYPE "UnansweredReviewAction" AS ENUM ('PHRASING_ADDED', 'ENTRY_CREATED', 'DISMISSED');

-- CreateTable
CREATE TABLE "KnowledgeEntryEdit" (
    "entryId" TEXT NOT NULL,
    "topic" TEXT,
    "title" TEXT,
    "answer" TEXT,
    "linkTitle" TEXT,
    "linkUrl" TEXT,
    "linkRemoved" BOOLEAN NOT NULL DEFAULT false,
    "extraQuestions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "baseVersion" INTEGER,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KnowledgeEntryEdit_pkey" PRIMARY KEY ("entryId")
);

-- CreateTable
CREATE TABLE "UnansweredQuestionReview" (
    "normalized" TEXT NOT NULL,
    "action" "UnansweredReviewAction" NOT NULL,
    "entryId" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnansweredQuestionReview_pkey" PRIMARY KEY ("normalized")
);

-- CreateIndex
CREATE INDEX "UnansweredQuestionReview_reviewedAt_idx" ON "UnansweredQuestionReview"("reviewedAt");
