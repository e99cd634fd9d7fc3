"""The association's profile across every connected system: what they know about it, its
dossiers, and starting a request with the data the person agreed to share."""
