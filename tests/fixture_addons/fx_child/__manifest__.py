{
    "name": "fx_child",
    "version": "1.2.0",
    "summary": "Test fixture: depends on fx_base and listens to its event",
    "depends": ["fx_base"],
    "license": "LGPL-3",
    "events": {"fx_base.note_created": "listeners:on_note_created"},
    "report_figures": {"monthly": "listeners:monthly_figures"},
}
