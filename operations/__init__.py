"""Running the service: the periodic jobs' one schedule, the worker's heartbeat, health checks.

Imports run operations → moderation → testimonials; nothing imports operations.
"""
