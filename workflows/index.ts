// The workflows a worker registers. Only deterministic code may be imported from here (it is bundled
// into Temporal's workflow sandbox).
export { journeyWorkflow } from './journey';
export { restockFanOutWorkflow } from './restock-fanout';
export { segmentLaunchWorkflow } from './segment-launch';
export { sendMessageWorkflow } from './send-message';
