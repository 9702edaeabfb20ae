-- A booking the studio's own instructor made through Client View to try the booking steps:
-- marked so that it is never counted as a sale, and released when it is completed.
ALTER TABLE bookings ADD COLUMN preview INTEGER NOT NULL DEFAULT 0 CHECK (preview IN (0, 1));
