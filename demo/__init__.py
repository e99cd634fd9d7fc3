"""Everything only the demo and the tests use: the dev IdP, the sandboxes of the connected
systems, the demo associations and offerings, and `vloket demo`. Installed with the project; the
product packages (`hub`, `registry`, `connectors`) never import it (an import contract in
`make lint` checks)."""
