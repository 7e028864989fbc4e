{
    "name": "fx_base",
    "version": "1.0.0",
    "summary": "Test fixture: a site-scoped model with a view, an API, a job and an event",
    "depends": [],
    "license": "LGPL-3",
    "schedules": [
        {"name": "stamp_notes", "function": "jobs:stamp_notes", "every": 60,
         "period": "day", "time_limit": 30},
    ],
    "demo": "demo:load",
    "settings": {
        "points_per_violation": {"type": "int", "default": 2, "min": 0},
        "yuan_per_point": {"type": "money", "default": "2.00"},
        "cleanup_weekday": {"type": "weekday", "default": "friday"},
        "escalate": {"type": "bool", "default": True},
    },
}
