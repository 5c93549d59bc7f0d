"""Booking (issue 7): schedules, bookable slots and their atomic reservation in Redis."""
