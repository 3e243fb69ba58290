"use client";

import { type FormEvent, useState } from "react";
import { errorMessage } from "@/lib/api/client";

/** A form's submit handler with its pending and error states; a failed call shows the server's message. */
export function useSubmit<T>(action: (form: FormData) => Promise<T>, onDone?: (result: T) => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      onDone?.(await action(new FormData(event.currentTarget)));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }
  return { pending, error, submit };
}
