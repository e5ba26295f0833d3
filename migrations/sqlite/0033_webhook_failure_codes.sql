-- Why a delivery failed, as data (src/webhooks/failure.rs): a JSON object tagged by its stable
-- code, {"code":"http_status","status":500}, written out in the page's language on Settings →
-- Webhooks and in English for the API. last_error held an English sentence, which a French
-- page could only guess back; it keeps the ones of older versions this migration cannot read.
ALTER TABLE webhook_deliveries ADD COLUMN last_failure TEXT;
-- Given up, pending, when its subscription was turned off after a day of failures (older
-- versions added " (subscription turned off after a day of failures)" to last_error).
ALTER TABLE webhook_deliveries ADD COLUMN given_up BOOLEAN NOT NULL DEFAULT FALSE;

-- The deliveries recorded before: the fixed forms older versions wrote read into their codes
-- (the same statements in migrations/postgres/0033, with PostgreSQL's JSON builder); any other
-- text (a request's errors in the network library's words) stays, shown as recorded.
UPDATE webhook_deliveries SET given_up = TRUE,
    last_error = NULLIF(substr(last_error, 1,
        length(last_error) - length(' (subscription turned off after a day of failures)')), '')
WHERE last_error LIKE '% (subscription turned off after a day of failures)';
UPDATE webhook_deliveries
SET last_failure = json_object('code', 'http_status', 'status', last_status), last_error = NULL
WHERE last_error LIKE 'the receiver answered %' AND last_status IS NOT NULL;
UPDATE webhook_deliveries
SET last_failure = json_object('code', 'timeout', 'seconds', 10), last_error = NULL
WHERE last_error = 'no answer within 10 s';
UPDATE webhook_deliveries
SET last_failure = json_object('code', 'connect',
        'detail', substr(last_error, length('could not connect: ') + 1)), last_error = NULL
WHERE last_error LIKE 'could not connect: %';
UPDATE webhook_deliveries
SET last_failure = json_object('code', 'bad_url',
        'detail', substr(last_error, length('the URL is not valid: ') + 1)), last_error = NULL
WHERE last_error LIKE 'the URL is not valid: %';
UPDATE webhook_deliveries
SET last_failure = json_object('code', 'private_address',
        'ip', substr(last_error, 1, length(last_error) - length(' is a private or loopback address'))),
    last_error = NULL
WHERE last_error LIKE '% is a private or loopback address';
UPDATE webhook_deliveries SET last_failure = json_object('code', 'turned_off'), last_error = NULL
WHERE last_error = 'the subscription is turned off';
