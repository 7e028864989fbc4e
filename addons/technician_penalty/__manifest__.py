{
    "name": "technician_penalty",
    "version": "1.0.0",
    "summary": "Technician penalties and rewards: rule catalogue, verified records, "
               "HR review, appeals, ledger and payroll export",
    "description": "Rules of domain.md, Addon 3 (003 二.4, 001 四.1, 004 制度2 五). "
                   "Listens to service_policy, inspection_6s and travel_expense events "
                   "when they are enabled on the same site; imports none of them.",
    "depends": [],
    "license": "LGPL-3",
    "demo": "demo:load",
    "data": ["data/penalty_rule.csv"],
    "events": {
        "service_policy.attitude_complaint": "listeners:on_attitude_complaint",
        "service_policy.late_arrival": "listeners:on_late_arrival",
        "service_policy.left_without_calling": "listeners:on_left_without_calling",
        "travel_expense.fraud_found": "listeners:on_fraud_found",
        "inspection_6s.month_closed": "listeners:on_sixs_month_closed",
    },
    "settings": {
        "appeal_days": {"type": "int", "default": 7, "min": 0},
        "repeat_threshold": {"type": "int", "default": 2, "min": 2},
    },
    "home_panels": [
        {"name": "review_queue", "view": "PenaltyReviewView", "permission": "can_list"},
        {"name": "ledger_of_the_month", "view": "PenaltyLedgerView", "permission": "can_index"},
        {"name": "my_penalties", "view": "PenaltyRecordView", "permission": "can_appeal"},
    ],
}
