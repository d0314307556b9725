import { Component, type ErrorInfo, type ReactNode } from "react";

/** Keeps a failing part (the map, a lazy chunk that did not load) from taking the page down. */
export class ErrorBoundary extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    // Logged for developers; the person sees the fallback.
    console.warn("render failed", error, info.componentStack); // eslint-disable-line no-console
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
