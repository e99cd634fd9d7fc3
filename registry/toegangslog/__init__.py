"""The access log: who read an association's private data or changed it, when, on whose behalf,
through which client. Append-only: nothing in the hub edits or deletes an entry."""
