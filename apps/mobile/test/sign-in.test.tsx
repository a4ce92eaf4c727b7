import { errorMessage } from '@truck4u/logic';
import { act, fireEvent, renderRouter, screen, waitFor } from 'expo-router/testing-library';
import { Text } from 'react-native';
import Register from '../src/app/register';
import SignIn from '../src/app/sign-in';
import { createFakeApi } from './fake-api';
import { authFor, customer, driver } from './fixtures';
import { createTestApp } from './test-app';

const home = (label: string) => () => <Text>{label}</Text>;

function routes(Layout: () => React.JSX.Element) {
  return {
    _layout: Layout,
    'sign-in': SignIn,
    register: Register,
    'customer/index': home('customer home'),
    'driver/index': home('driver home'),
  };
}

describe('sign-in', () => {
  it('signs a driver in and opens the driver’s home', async () => {
    const api = createFakeApi({ 'POST /api/auth/login': () => ({ body: authFor(driver) }) });
    const app = createTestApp({ fetch: api.fetch });
    const view = renderRouter(routes(app.Layout), { initialUrl: '/sign-in' });

    fireEvent.press(await screen.findByTestId('login-role-driver'));
    fireEvent.changeText(screen.getByTestId('login-phone'), '98 765 432');
    fireEvent.changeText(screen.getByTestId('login-password'), 'demo-password');
    fireEvent.press(screen.getByTestId('login-submit'));

    expect(await screen.findByText('driver home')).toBeTruthy();
    expect(view.getPathname()).toBe('/driver');
    expect(api.calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/auth/login',
      body: { role: 'driver', phone: '98 765 432', password: 'demo-password' },
    });
    expect(await app.services.storage.get('t4u.refresh-token')).toBe('refresh-driver');
  });

  it('says why a refused sign-in failed, in the chosen language', async () => {
    const api = createFakeApi({
      'POST /api/auth/login': () => ({
        status: 401,
        body: { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' } },
      }),
    });
    const app = createTestApp({ fetch: api.fetch, locale: 'ar' });
    const view = renderRouter(routes(app.Layout), { initialUrl: '/sign-in' });

    fireEvent.changeText(await screen.findByTestId('login-phone'), '22123456');
    fireEvent.changeText(screen.getByTestId('login-password'), 'wrong-password');
    fireEvent.press(screen.getByTestId('login-submit'));

    const error = await screen.findByTestId('login-error');
    expect(error).toHaveTextContent(errorMessage('INVALID_CREDENTIALS', 'ar'));
    expect(view.getPathname()).toBe('/sign-in');
  });

  it('returns a revoked session to sign-in and says why', async () => {
    const api = createFakeApi({
      'POST /api/auth/refresh': () => ({ body: { ...authFor(customer), user: undefined } }),
      'GET /api/me': () => ({ body: customer }),
    });
    const app = createTestApp({ fetch: api.fetch });
    await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
    const view = renderRouter(routes(app.Layout), { initialUrl: '/customer' });
    expect(await screen.findByText('customer home')).toBeTruthy();

    // logout-all on another device, a password reset or an admin's suspension
    act(() => app.server.serverEmit('session:revoked', { reason: 'logout-all' }));

    await waitFor(() => expect(view.getPathname()).toBe('/sign-in'));
    expect(screen.getByTestId('session-ended')).toHaveTextContent(/Vous avez été déconnecté/);
    expect(await app.services.storage.get('t4u.refresh-token')).toBeNull();
  });

  it('registers a customer and opens the customer’s home', async () => {
    const api = createFakeApi({
      'POST /api/auth/register': () => ({ status: 201, body: authFor(customer) }),
    });
    const app = createTestApp({ fetch: api.fetch });
    renderRouter(routes(app.Layout), { initialUrl: '/register' });

    fireEvent.changeText(await screen.findByTestId('register-name'), 'Leïla Trabelsi');
    fireEvent.changeText(screen.getByTestId('login-phone'), '+21622123456');
    fireEvent.changeText(screen.getByTestId('login-password'), 'long-enough-password');
    fireEvent.press(screen.getByTestId('register-submit'));

    expect(await screen.findByText('customer home')).toBeTruthy();
    expect(api.calls[0]?.body).toEqual({
      role: 'customer',
      name: 'Leïla Trabelsi',
      phone: '+21622123456',
      password: 'long-enough-password',
    });
  });
});
