package fr.coffre.core;

import fr.coffre.store.TestServers;

/** Coffre end to end ({@link BackendCoffreContract}) on OpenStack Swift's native API (tempauth) through jclouds openstack-swift. */
class SwiftCoffreIT extends BackendCoffreContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.SWIFT;
    }
}
