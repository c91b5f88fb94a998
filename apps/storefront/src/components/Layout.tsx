import { Link, NavLink, Outlet } from 'react-router';
import { useCart } from '../cart/cart-context';
import { useSession } from '../session/session';
import { FaultBanner } from './FaultBanner';

export function Layout() {
  const { session, logOut } = useSession();
  const { cart } = useCart();
  const items = cart.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">
          Shop
        </Link>
        <nav>
          <NavLink to="/">Catalog</NavLink>
          <NavLink to="/cart">Cart ({items})</NavLink>
          {session ? (
            <>
              <NavLink to="/orders">Orders</NavLink>
              <span className="muted">{session.user.email}</span>
              <button onClick={logOut}>Log out</button>
            </>
          ) : (
            <>
              <NavLink to="/login">Log in</NavLink>
              <NavLink to="/register">Register</NavLink>
            </>
          )}
        </nav>
      </header>
      <FaultBanner />
      <main>
        <Outlet />
      </main>
      <footer className="muted">
        Every call goes to this gateway's public API: <a href="/docs">/docs</a>
      </footer>
    </>
  );
}
