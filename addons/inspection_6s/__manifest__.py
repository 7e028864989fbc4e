{
    "name": "inspection_6s",
    "version": "1.0.0",
    "summary": "6S checklists, inspections, violations and the monthly 6S score",
    "description": "The seed's 6S rules (制度3) as a per-site checklist; inspectors record "
                   "violations and failed weekly clean-ups; each person's monthly "
                   "deduction, the Friday best/worst selections and their reward or "
                   "penalty are computed in SQL and handed to HR when the month closes.",
    "depends": [],
    "license": "LGPL-3",
    "schedules": [
        {"name": "propose_weekly", "period": "hour", "time_limit": 300},
        {"name": "close_month", "period": "month", "time_limit": 600},
    ],
    "demo": "demo:load",
    "data": ["data/sixs_checklist_item.csv"],
    "settings": {
        # [004 制度3 十二]: 2 points per violation, 5 from the 5th of the month on
        "points_per_violation": {"type": "int", "default": 2, "min": 0},
        "points_from_threshold": {"type": "int", "default": 5, "min": 0},
        "violation_threshold": {"type": "int", "default": 5, "min": 1},
        # a weekly clean-up (6S大整顿) not done to standard
        "points_per_cleanup_failure": {"type": "int", "default": 10, "min": 0},
        "yuan_per_point": {"type": "money", "default": "2.00", "min": "0.00"},
        # Friday selections: best / worst at least this often in a month (of 4 or 5)
        "best_count_for_reward": {"type": "int", "default": 4, "min": 1, "max": 5},
        "worst_count_for_penalty": {"type": "int", "default": 4, "min": 1, "max": 5},
        "best_reward_yuan": {"type": "money", "default": "100.00", "min": "0.00"},
        "worst_penalty_yuan": {"type": "money", "default": "100.00", "min": "0.00"},
        # the weekly clean-up: the seed says Thursday (车间 §25) and weekend (十二.1)
        "cleanup_weekday": {"type": "weekday", "default": "friday"},
        "cleanup_time": {"type": "time", "default": "18:00"},
        # when the system proposes the week's best and worst (on Friday)
        "selection_time": {"type": "time", "default": "20:00"},
        # who is scored even with no violation (candidates for "best")
        "scored_roles": {"type": "list", "default": ["Technician"]},
    },
}
