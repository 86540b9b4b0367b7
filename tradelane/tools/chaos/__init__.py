"""`tradelane chaos`: the production profile on a throwaway PostgreSQL database under a mixed
money load with retries, while web workers, the queue worker and database backends are killed;
afterwards the money is checked (ledger, reconciliation, double charges, the client's log against
the database, paid orders moving on, queue depth). See docs/reliability.md.

- `clientlog`: what the load clients saw, one JSON line per attempt, and the pure comparison of
  that log with the rows found in the database;
- `load`: the client threads (checkouts, till charges, refunds, top-ups), each money request
  with an Idempotency-Key, retried with the same key after a timeout, a dropped connection or a
  5xx;
- `faults`: the processes of the platform, the fault injector and the monitor (health, queue);
- `checks`: the database side of the checks;
- `run`: the whole run, its clean-up, and the report.
"""
