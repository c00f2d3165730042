/** The status labels Conductor keeps on the task issue (DESIGN §1). */
export const STATUS_LABELS = {
  running: "conductor:running",
  blocked: "conductor:blocked",
  done: "conductor:done",
  aborted: "conductor:aborted",
} as const;
export type StatusLabel = keyof typeof STATUS_LABELS;

/** The labels to add and remove so that exactly `label` of the status labels remains. */
export function statusLabels(label: StatusLabel): { add: string[]; remove: string[] } {
  const others = Object.entries(STATUS_LABELS)
    .filter(([key]) => key !== label)
    .map(([, name]) => name);
  return { add: [STATUS_LABELS[label]], remove: others };
}
