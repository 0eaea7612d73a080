-- How to sign for each server: RFC 9421 or draft-cavage. `http_signature` is
-- the dialect its inbox last accepted; `advertises_rfc9421` whether its actors
-- say (FEP-844e) that it verifies RFC 9421.
ALTER TABLE instances
    ADD COLUMN http_signature text CHECK (http_signature IN ('cavage', 'rfc9421')),
    ADD COLUMN advertises_rfc9421 boolean NOT NULL DEFAULT false;
