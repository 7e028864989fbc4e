{
    "name": "contract_archive",
    "version": "1.0.0",
    "summary": "Contracts with their parties, changes, claims and payments; versioned "
               "contract documents with retention and legal hold; contract reports",
    "description": "Rules of domain.md, Addon 5 (003 三、合同管理控制措施).",
    "depends": [],
    "license": "LGPL-3",
    "demo": "demo:load",
    "settings": {
        "ending_soon_days": {"type": "int", "default": 30, "min": 0},
        "retention_years_tender": {"type": "int", "default": 10, "min": 1},
        "retention_years_contract": {"type": "int", "default": 30, "min": 1},
        "retention_years_correspondence": {"type": "int", "default": 10, "min": 1},
        "retention_years_minutes": {"type": "int", "default": 10, "min": 1},
        "retention_years_payment": {"type": "int", "default": 30, "min": 1},
        "retention_years_change": {"type": "int", "default": 30, "min": 1},
        "retention_years_financial_report": {"type": "int", "default": 30, "min": 1},
        "retention_years_claim": {"type": "int", "default": 30, "min": 1},
        "retention_years_progress_report": {"type": "int", "default": 10, "min": 1},
        "retention_years_technical": {"type": "int", "default": 30, "min": 1},
    },
    "schedules": [
        {"name": "remind", "period": "day", "time_limit": 300},
    ],
    "home_panels": [
        {"name": "ending_soon", "view": "ContractView", "permission": "can_list"},
        {"name": "payments_due", "view": "ContractPaymentView", "permission": "can_list"},
    ],
}
