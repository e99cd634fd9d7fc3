"""External catalogs of offerings in the register: the sync that turns a `subsidy_catalog`
connector's feed into offerings (`sync.py`) and the schedule that runs it (`schedule.py`)."""
