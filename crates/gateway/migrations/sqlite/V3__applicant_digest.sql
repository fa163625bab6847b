-- The applicant a hall system reported for a case, as a digest.
ALTER TABLE cases ADD COLUMN applicant_digest TEXT;
