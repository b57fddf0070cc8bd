"""What the rooms hear from the apps below them: an evaluated cycle that a proposal
joined sends its measured outcome back to the proposal, inside the evaluation's
transaction, so the two are saved together or not at all."""

from __future__ import annotations

from casestudies.events import CycleEvaluated
from discussions.services import record_measured_outcomes
from netwerk.events import Delivery, subscribe


@subscribe(CycleEvaluated, delivery=Delivery.IN_TRANSACTION)
def cycle_evaluated(event: CycleEvaluated) -> None:
    record_measured_outcomes(evaluation=event.evaluation)
