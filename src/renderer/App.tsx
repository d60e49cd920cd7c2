import { ErrorAlert } from './components/Alert';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ApprovalProvider } from './components/ManagerApproval';
import { TopBar } from './components/TopBar';
import { LoginScreen } from './screens/LoginScreen';
import { SetupScreen } from './screens/SetupScreen';
import { Workday } from './screens/Workday';
import { type Services, ServicesProvider, useServices, useSession } from './stores/context';

export function App({ services }: { services: Services }) {
  return (
    <ServicesProvider services={services}>
      <ApprovalProvider>
        <Shell />
      </ApprovalProvider>
    </ServicesProvider>
  );
}

function Shell() {
  const phase = useSession((s) => s.phase);
  return (
    <div className="app">
      <TopBar />
      <ErrorBoundary key={phase}>
        {phase === 'starting' && <Starting />}
        {phase === 'unreachable' && <Unreachable />}
        {phase === 'setup' && <SetupScreen />}
        {phase === 'login' && <LoginScreen />}
        {phase === 'ready' && <Workday />}
      </ErrorBoundary>
    </div>
  );
}

function Starting() {
  return (
    <main className="screen screen-center">
      <p className="muted" role="status">
        Starting Ringup…
      </p>
    </main>
  );
}

function Unreachable() {
  const { session } = useServices();
  const error = useSession((s) => s.error);
  return (
    <main className="screen screen-center" aria-labelledby="unreachable-title">
      <section className="panel">
        <h1 id="unreachable-title" className="screen-title">
          Ringup cannot start
        </h1>
        <ErrorAlert error={error} />
        <button type="button" className="button button-primary" onClick={() => void session.getState().start()}>
          Try again
        </button>
      </section>
    </main>
  );
}
