"""What the register tells the services that subscribe: each change as an outbox event written in
the change's own transaction, and each event's delivery to each subscriber."""
