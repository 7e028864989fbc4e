{
    "name": "fx_entry",
    "version": "0.3.1",
    "summary": "Test fixture: an addon installed as a package, found by entry point",
    "depends": [],
    "license": "LGPL-3",
}
