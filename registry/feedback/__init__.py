"""What visitors tell us about a page or a service: kept for the team that runs the portal."""

from registry.feedback.service import Feedback, FeedbackBericht

__all__ = ["Feedback", "FeedbackBericht"]
