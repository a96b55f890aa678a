"""Collectors: read and parse inputs into typed values; they never judge them."""
