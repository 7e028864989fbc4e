{
    "name": "service_policy",
    "version": "1.0.0",
    "summary": "Warranty (三包) policies, customers and units, complaints and service "
               "requests with severity routing and the 24-hour answer SLA, dispatch and "
               "service records",
    "depends": [],
    "license": "LGPL-3",
    "schedules": [
        {"name": "escalate_sla", "every": 300, "period": "minute", "time_limit": 120},
        {"name": "flag_late_records", "period": "day", "time_limit": 300},
        {"name": "remind_key_customer_visits",
         "function": "care_jobs:remind_key_customer_visits", "period": "month", "time_limit": 300},
        {"name": "produce_monthly_report", "function": "care_jobs:produce_monthly_report",
         "period": "day", "time_limit": 600},
        {"name": "flag_unsent_monthly_report",
         "function": "care_jobs:flag_unsent_monthly_report", "period": "day", "time_limit": 600},
        {"name": "flag_overdue_capa_tasks", "period": "day", "time_limit": 300},
    ],
    "settings": {
        "answer_within_hours": {"type": "int", "default": 24, "min": 1},
        "record_hand_in_days": {"type": "int", "default": 2, "min": 0},
        # the monthly statistics of the month before: produced by the 4th, sent by
        # the 5th [003 二.5.4]; a day every month has
        "report_due_day": {"type": "int", "default": 4, "min": 1, "max": 28},
        "report_send_by_day": {"type": "int", "default": 5, "min": 1, "max": 28},
        "nonconforming_area": {"type": "str", "default": "不合格品区"},
    },
    "demo": "demo:load",
    "home_panels": [
        {"name": "open_requests", "view": "ServiceRequestView", "permission": "can_add"},
        {"name": "overdue_tasks", "view": "ServiceRequestView", "permission": "can_acknowledge"},
        {"name": "customers", "view": "CustomerView", "permission": "can_add"},
        {"name": "my_dispatches", "view": "ServiceDispatchView", "permission": "can_arrive"},
    ],
    "data": ["data/service_routing_rule.csv"],
}
