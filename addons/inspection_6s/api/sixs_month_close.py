from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi

from ..models import SixsMonthClose


class SixsMonthCloseApi(ErpModelRestApi):
    """Read-only: the monthly job closes months."""

    resource_name = "sixs_month_close"
    datamodel = SQLAInterface(SixsMonthClose)
    include_route_methods = {"get", "get_list", "info"}
    list_columns = ["id", "site_id", "month", "closed_at", "events"]
    show_columns = ["id", "site_id", "month", "closed_at", "events", "rules", "results"]
    order_columns = ["month"]
