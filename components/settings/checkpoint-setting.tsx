import { controlClass } from "@/components/ui/control";
import { FieldFrame } from "@/components/ui/field";

/** The intervals offered: often enough for quick seeks, rarely enough to keep snapshots cheap. */
export const CHECKPOINT_CHOICES_MIN = [1, 2, 5, 10, 15, 30, 60] as const;

/**
 * How often the SDK takes a fresh full snapshot (a checkpoint). The player starts a seek from the
 * checkpoint before it, so this bounds how many events a seek applies; each costs one snapshot's
 * bytes. A value saved through the API that is not among the choices is kept as its own option.
 */
export function CheckpointSetting({ minutes, onChange }: { minutes: number; onChange: (m: number) => void }) {
  const choices = CHECKPOINT_CHOICES_MIN.includes(minutes as (typeof CHECKPOINT_CHOICES_MIN)[number])
    ? [...CHECKPOINT_CHOICES_MIN]
    : [...CHECKPOINT_CHOICES_MIN, minutes].sort((a, b) => a - b);
  return (
    <FieldFrame
      label="Checkpoint every"
      hint={`A fresh full snapshot after ${minutes === 1 ? "each minute" : `${minutes} minutes`} of activity and on each page change: a seek replays at most that much. Shorter means quicker seeks in long recordings and more stored bytes.`}
    >
      {(wiring) => (
        <span className="flex items-center gap-1.5 text-sm">
          <select
            {...wiring}
            value={minutes}
            onChange={(e) => onChange(Number(e.target.value))}
            className={controlClass("sm", "w-24 tabular-nums")}
            data-testid="checkpoint-every"
          >
            {choices.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <span className="text-zinc-500">minutes of activity</span>
        </span>
      )}
    </FieldFrame>
  );
}
