"use client";

import { createContext, type ReactNode, useContext, useEffect } from "react";
import { rewind } from "./index";
import type { RewindApi, RewindOptions } from "./types";

const RewindContext = createContext<RewindApi>(rewind);

/** Starts recording once on the client; children reach the API with useRewind(). */
export function RewindProvider({
  projectKey,
  options,
  children,
}: {
  projectKey: string;
  options?: RewindOptions;
  children: ReactNode;
}) {
  useEffect(() => {
    rewind.init(projectKey, options);
  }, [projectKey, options]);
  return <RewindContext.Provider value={rewind}>{children}</RewindContext.Provider>;
}

export function useRewind(): RewindApi {
  return useContext(RewindContext);
}
