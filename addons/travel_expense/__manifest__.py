{
    "name": "travel_expense",
    "version": "1.0.0",
    "summary": "Travel-expense claims (差旅费报销): trips with their lines and receipts, "
               "checks before approval, manager and finance approval, cost bearers",
    "description": "Rules of domain.md, Addon 4 (003 二.4.3, 二.5.1, 二.5.4; 004 制度4 §9). "
                   "Emits travel_expense.fraud_found for the penalties addon and adds "
                   "its figures to the monthly report; imports no other addon.",
    "depends": [],
    "license": "LGPL-3",
    "demo": "demo:load",
    "settings": {
        # a service manager approves claims up to this total; above it the next level
        # (a site admin) approves the manager step
        "manager_approval_limit": {"type": "money", "default": "5000.00", "min": "0.00"},
        # finance approves claims up to this total; above it a site admin does
        "finance_approval_limit": {"type": "money", "default": "20000.00", "min": "0.00"},
        # per-kind limits of one day's lines of a claim, in yuan; 0.00: no limit
        "daily_limit_transport": {"type": "money", "default": "0.00", "min": "0.00"},
        "daily_limit_accommodation": {"type": "money", "default": "350.00", "min": "0.00"},
        "daily_limit_allowance": {"type": "money", "default": "100.00", "min": "0.00"},
        "daily_limit_phone_allowance": {"type": "money", "default": "10.00", "min": "0.00"},
        "daily_limit_materials": {"type": "money", "default": "0.00", "min": "0.00"},
        "daily_limit_freight": {"type": "money", "default": "0.00", "min": "0.00"},
        # kinds whose receipt must come from the trip's destination (出差地)
        "city_checked_kinds": {"type": "list", "default": ["transport", "accommodation"]},
        # the site's own cities: a transport receipt may come from one (the way there
        # or back), e.g. ["广州"]
        "home_cities": {"type": "list", "default": []},
        # kinds that cannot be submitted without a receipt file
        "receipt_kinds": {"type": "list",
                          "default": ["transport", "accommodation", "materials", "freight"]},
        # user names of the staff employed by the sales branch (销售分公司所属); their
        # travel costs are the branch's, everybody else's the manufacturer's
        "sales_branch_staff": {"type": "list", "default": []},
    },
    "report_figures": {"monthly": "reports:monthly_figures"},
    "home_panels": [
        {"name": "manager_queue", "view": "ExpenseApprovalView", "permission": "can_approve"},
        {"name": "finance_queue", "view": "ExpenseFinanceView",
         "permission": "can_finance_approve"},
        {"name": "my_claims", "view": "ExpenseClaimView", "permission": "can_submit"},
    ],
}
