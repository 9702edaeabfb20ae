-- A booking the studio's own instructor made through Client View to try the booking steps:
-- marked so that it is never counted as a sale, and released when it is completed.
ALTER TABLE bookings ADD COLUMN preview BOOLEAN NOT NULL DEFAULT FALSE;
