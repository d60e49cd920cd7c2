import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/** A bug in one screen must not leave the till blank: say so and offer a way back. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Ringup screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="screen screen-center">
        <section className="panel" role="alert">
          <h1 className="screen-title">This screen stopped working</h1>
          <p className="screen-lead">Nothing was lost on the terminal. Reload the screen to carry on.</p>
          <button type="button" className="button button-primary button-block" onClick={() => window.location.reload()}>
            Reload
          </button>
        </section>
      </main>
    );
  }
}
