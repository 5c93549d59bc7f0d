"""Care routing: where to go, given urgency, patient group, place, time and the region's own structure."""
