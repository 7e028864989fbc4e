"""REST resources of product units."""
from __future__ import annotations

import datetime

from flask import request
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _

from core import clock
from core.base import ErpModelRestApi, report_endpoint

from ..models import ProductUnit


def warranty_on_a_day(api, pk):
    unit = api.row_or_404(pk)
    try:
        on = datetime.date.fromisoformat(request.args["on"]) if request.args.get("on") \
            else clock.today(unit.site_id)
    except ValueError:
        return api.response_422(message={"on": [_("Give the day as YYYY-MM-DD.")]})
    ends_on = unit.warranty_ends_on()
    return api.response(200, id=pk, on=on.isoformat(), status=unit.warranty_status(on),
                        ends_on=ends_on.isoformat() if ends_on else None)


class ProductUnitApi(ErpModelRestApi):
    resource_name = "product_unit"
    datamodel = SQLAInterface(ProductUnit)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "serial", "model",
                                   "product_line", "purchase_date", "customer_id"]
    add_columns = edit_columns = ["serial", "model", "product_line", "purchase_date",
                                  "customer"]
    search_columns = ["serial", "model", "product_line", "customer"]

    warranty = report_endpoint(
        "warranty", warranty_on_a_day, "The unit's warranty status on a day (default: today)",
        ['{in: query, name: "on", schema: {type: string, format: date}}'],
        "status (in_warranty or out_of_warranty) and ends_on", url="/<int:pk>/warranty")
