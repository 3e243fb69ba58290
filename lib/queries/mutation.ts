"use client";

import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api/client";

/**
 * A mutation that, when it succeeds, invalidates the queries its data lives in and says so in a
 * toast; when it fails, toasts the server's message. The one place the "after a change" rule lives.
 */
export function useApiMutation<TVars, TResult>({
  mutationFn,
  invalidates,
  success,
  onSuccess,
}: {
  mutationFn: (vars: TVars) => Promise<TResult>;
  invalidates: (vars: TVars) => QueryKey[];
  /** The toast on success; null for none (the component shows the result itself). */
  success: ((result: TResult, vars: TVars) => string) | null;
  onSuccess?: (result: TResult, vars: TVars) => void;
}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (result, vars) => {
      onSuccess?.(result, vars);
      if (success) toast(success(result, vars));
      await Promise.all(invalidates(vars).map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
}
