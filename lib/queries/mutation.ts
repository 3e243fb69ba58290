"use client";

import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api/client";

/**
 * A mutation that, when it succeeds, refreshes where its data lives and says so in a toast; when it
 * fails, toasts the server's message. The one place the "after a change" rule lives:
 * - data a client component fetched (useQuery) → `invalidates` its query keys;
 * - data a server component rendered and passed down → `refreshServer`, which re-renders the
 *   route on the server (router.refresh), since no client cache holds it.
 */
export function useApiMutation<TVars, TResult>({
  mutationFn,
  invalidates = () => [],
  refreshServer = false,
  success,
  onSuccess,
}: {
  mutationFn: (vars: TVars) => Promise<TResult>;
  invalidates?: (vars: TVars) => QueryKey[];
  refreshServer?: boolean;
  /** The toast on success; null for none (the component shows the result itself). */
  success: ((result: TResult, vars: TVars) => string) | null;
  onSuccess?: (result: TResult, vars: TVars) => void;
}) {
  const qc = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn,
    onSuccess: (result, vars) => {
      onSuccess?.(result, vars);
      if (success) toast(success(result, vars));
      if (refreshServer) router.refresh();
      // Not awaited: the form or dialog is done when the server said yes; the lists refetch behind it.
      for (const queryKey of invalidates(vars)) void qc.invalidateQueries({ queryKey });
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
}
