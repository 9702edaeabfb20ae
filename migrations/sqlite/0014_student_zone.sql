-- The zone the student's browser was in when they booked (an IANA name), so their emails give
-- their own time; NULL when unknown.
ALTER TABLE bookings ADD COLUMN student_zone TEXT;
