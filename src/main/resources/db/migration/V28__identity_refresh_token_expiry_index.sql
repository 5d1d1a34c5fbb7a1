-- The hourly clean-up (identity.SessionRetention) finds long-expired refresh tokens by their expiry.
CREATE INDEX identity_refresh_token_expires_idx ON identity_refresh_token (expires_at);
