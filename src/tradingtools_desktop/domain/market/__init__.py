"""VN market rules (HOSE, HNX, UPCOM): lots, ticks, bands, sessions, calendar, fees, T+2."""
