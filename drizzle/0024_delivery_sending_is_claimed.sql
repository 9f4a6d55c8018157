-- Newsletter senders no longer mark a delivery 'sending' before its SMTP transaction: a row still 'sending'
-- (left by a sender that died before this version) had not reached its end-of-data mark, exactly like a
-- 'claimed' one, and goes back to the queue the same way once its claim is stale.
UPDATE "newsletter_deliveries" SET "status" = 'claimed' WHERE "status" = 'sending';
