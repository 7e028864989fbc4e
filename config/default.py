"""Every setting of the product with its default.

Environment variables (``ERP_*``) override the defaults here; a Python file named
by ``ERP_CONFIG`` overrides both.  ``core.config.load`` applies them in that order.
"""
import os

# Folder of the embedded database, broker, beat schedule and files (ERP_INSTANCE_DIR).
INSTANCE_DIR = os.environ.get("ERP_INSTANCE_DIR", os.path.join(os.getcwd(), "instance"))

# --- what the contract names -------------------------------------------------
# Database of the product; the embedded default is a SQLite file.
SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(INSTANCE_DIR, "erp.db")
# Celery broker; the embedded default is kombu's SQLAlchemy transport on SQLite.
CELERY_BROKER_URL = "sqla+sqlite:///" + os.path.join(INSTANCE_DIR, "broker.db")
# Celery result backend (only used to wait for results in tests and tools).
CELERY_RESULT_BACKEND = "db+sqlite:///" + os.path.join(INSTANCE_DIR, "results.db")
# Signs session cookies and tokens: set ERP_SECRET_KEY in production.
SECRET_KEY = "dev-only-change-me"
# Uploaded files live here, under generated keys, outside any static folder.
STORAGE_DIR = os.path.join(INSTANCE_DIR, "files")
# Where uploaded files live (ERP_STORAGE_URL): file:///srv/erp/files (a folder),
# database (the app's own database) or postgresql://… (a database of their own).
# Empty: the folder STORAGE_DIR.  See the README's production section.
STORAGE_URL = ""
# Extra folders searched for addons, besides ./addons and the erp.addons entry points.
ADDONS_PATHS = []
# Port of `erp run` / `make run`.
PORT = 8080

# --- Flask-AppBuilder --------------------------------------------------------
# The site title; translated where it is shown (core.home.SITE_TITLE).
APP_NAME = "After-Sales Service ERP"
# The home page: each person's work in panels (core.home), not FAB's empty "Welcome".
FAB_INDEX_VIEW = "core.home.HomeView"
# Permissions are synchronised by `erp db upgrade`, never at web/worker start-up.
FAB_UPDATE_PERMS = False
# Tables come from migrations, not from FAB's create_all at start-up.
FAB_CREATE_DB = False
# The REST API with its OpenAPI spec at /api/v1/_openapi (needs a login).
FAB_API_SWAGGER_UI = True
# Security manager that adds sites, dealers and the addon gate.
FAB_SECURITY_MANAGER_CLASS = "core.security.ErpSecurityManager"
# The system admin's role: every permission, every site.
AUTH_ROLE_ADMIN = "System Admin"
# Role of anonymous visitors: grants nothing.
AUTH_ROLE_PUBLIC = "Public"
# Database authentication (user name and password).
AUTH_TYPE = 1
# Largest page a REST list returns.
FAB_API_MAX_PAGE_SIZE = 100
# A list counts its rows exactly up to this many; beyond, PostgreSQL's estimate is
# shown as "about N" (an exact count reads every row in scope: 60 ms a million).
# Other databases count exactly.  0: always exact.
LIST_EXACT_COUNT_LIMIT = 10000

# Roles that see only their own rows of owner-scoped models (a user holding any
# other role as well sees the whole site).
OWN_RECORDS_ROLES = ["Technician"]
# Roles that read the whole audit trail of their site (others: see __audit_readers__).
AUDIT_FULL_ROLES = ["Site Admin"]

# --- web ----------------------------------------------------------------------
# CSRF protection on every form.
WTF_CSRF_ENABLED = True
# Largest upload accepted, in bytes (larger answers 413).
MAX_CONTENT_LENGTH = 20 * 1024 * 1024
# The session cookie is out of reach of scripts …
SESSION_COOKIE_HTTPONLY = True
# … and not sent by cross-site requests (CSRF defence in depth).
SESSION_COOKIE_SAMESITE = "Lax"
# Flask-SQLAlchemy's change tracking costs memory and nobody listens to it.
SQLALCHEMY_TRACK_MODIFICATIONS = False

# --- languages ----------------------------------------------------------------
# Language when neither ?_l_= nor the session chooses one.
BABEL_DEFAULT_LOCALE = "zh_CN"
# Languages offered in the UI's language switch.
LANGUAGES = {
    "zh_CN": {"flag": "cn", "name": "中文"},
    "en": {"flag": "gb", "name": "English"},
}

# --- sites --------------------------------------------------------------------
# Time zone of a new site (days, weeks and months are counted in it).
DEFAULT_SITE_TIMEZONE = "Asia/Shanghai"
# The sites `erp demo load` creates and the addons each enables where installed
# (the contract's demo data); each enabled addon's manifest "demo" hook fills them.
DEMO_SITES = [
    {"code": "hq", "name": ("Head office", "总部"),
     "addons": ["service_policy", "contract_archive"]},
    {"code": "gz", "name": ("Guangzhou branch", "广州分公司"),
     "addons": ["service_policy", "inspection_6s", "technician_penalty",
                "travel_expense", "contract_archive"]},
]

# --- jobs -----------------------------------------------------------------------
# Seconds a scheduled job may run before Celery stops it, unless its manifest says.
JOB_DEFAULT_TIME_LIMIT = 300
# kombu's broker transport options.  With Redis, ``visibility_timeout`` (default an
# hour) is how long a job taken by a worker that died waits before another gets it.
CELERY_BROKER_TRANSPORT_OPTIONS = {}

# --- files ----------------------------------------------------------------------
# Largest single file save_upload keeps, in bytes (larger answers 413); per call: max_bytes.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

# --- hardening ------------------------------------------------------------------
# Host names the app answers to (others get 400), so a spoofed Host header cannot
# steer redirects or absolute links; add yours as ERP_TRUSTED_HOSTS=erp.example.com,...
TRUSTED_HOSTS = ["127.0.0.1", "localhost"] + [
    host.strip() for host in os.environ.get("ERP_TRUSTED_HOSTS", "").split(",") if host.strip()]
# Flask-Limiter (created by FAB) is on: core.hardening limits failed logins with it.
RATELIMIT_ENABLED = True
# Where the limiter counts: per process in memory; use redis://... with several workers.
RATELIMIT_STORAGE_URI = os.environ.get("ERP_RATELIMIT_STORAGE_URI", "memory://")
# Failed logins (login form and API login together) are limited per client address.
AUTH_RATE_LIMITED = True
# How many failed logins per client address and window; the next one answers 429.
AUTH_RATE_LIMIT = "10 per 20 second"
